package devenv

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/workflows"
)

// SearchAttributes returns every key of workflows.SearchAttributeKeys with a zero value, the
// form testsuite.DevServerOptions takes to register them at start.
func SearchAttributes() (temporal.SearchAttributes, error) {
	return searchAttributesOf(workflows.SearchAttributeKeys)
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
