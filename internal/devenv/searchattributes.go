package devenv

import (
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/temporal"
)

// SearchAttributes returns every key of flow.SearchAttributeKeys with a zero value, the
// form testsuite.DevServerOptions takes to register them at start.
func SearchAttributes() (temporal.SearchAttributes, error) {
	return searchAttributesOf(flow.SearchAttributeKeys)
}

func searchAttributesOf(keys []temporal.SearchAttributeKey) (temporal.SearchAttributes, error) {
	updates := make([]temporal.SearchAttributeUpdate, 0, len(keys))
	for _, key := range keys {
		var u temporal.SearchAttributeUpdate
		switch k := key.(type) {
		case temporal.SearchAttributeKeyKeyword:
			u = k.ValueSet("")
		case temporal.SearchAttributeKeyString:
			u = k.ValueSet("")
		case temporal.SearchAttributeKeyKeywordList:
			u = k.ValueSet(nil)
		case temporal.SearchAttributeKeyInt64:
			u = k.ValueSet(0)
		case temporal.SearchAttributeKeyFloat64:
			u = k.ValueSet(0)
		case temporal.SearchAttributeKeyBool:
			u = k.ValueSet(false)
		case temporal.SearchAttributeKeyTime:
			u = k.ValueSet(time.Time{})
		default:
			return temporal.SearchAttributes{}, fmt.Errorf("search attribute %s: unsupported key type %T", key.GetName(), key)
		}
		updates = append(updates, u)
	}
	return temporal.NewSearchAttributes(updates...), nil
}
