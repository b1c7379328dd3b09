// Package ocdsschema validates OCDS 1.1 releases, release packages and record packages
// against the standard's JSON schemas (README.md), for the tests of what dsmarket
// publishes.
package ocdsschema

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed release-schema.json release-package-schema.json
var files embed.FS

// The schemas' own ids: the package schema refers to the release schema by its id, which
// is added as a resource, so nothing is fetched.
const (
	ReleaseSchemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
	PackageSchemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
)

// Files are the embedded schemas' names.
var Files = []string{"release-schema.json", "release-package-schema.json"}

// Validator holds the compiled schemas.
type Validator struct {
	release, pkg *jsonschema.Schema
}

// New compiles the schemas, asserting formats (date-time, uri) as the standard means them.
func New() (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for name, url := range map[string]string{"release-schema.json": ReleaseSchemaURL, "release-package-schema.json": PackageSchemaURL} {
		raw, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	release, err := c.Compile(ReleaseSchemaURL)
	if err != nil {
		return nil, err
	}
	pkg, err := c.Compile(PackageSchemaURL)
	if err != nil {
		return nil, err
	}
	return &Validator{release: release, pkg: pkg}, nil
}

// Release validates one release (or a compiled release).
func (v *Validator) Release(raw []byte) error { return validate(v.release, raw) }

// ReleasePackage validates a release package, its releases included.
func (v *Validator) ReleasePackage(raw []byte) error { return validate(v.pkg, raw) }

// RecordPackage validates a record package: its required fields as the standard's record
// package schema states them (uri, publisher.name, publishedDate, records, version), and
// each record's ocid, its embedded releases and its compiled release against the release
// schema.
func (v *Validator) RecordPackage(raw []byte) error {
	var p struct {
		URI           *string `json:"uri"`
		Version       *string `json:"version"`
		PublishedDate *string `json:"publishedDate"`
		Publisher     *struct {
			Name *string `json:"name"`
		} `json:"publisher"`
		Records []struct {
			OCID            *string           `json:"ocid"`
			Releases        []json.RawMessage `json:"releases"`
			CompiledRelease json.RawMessage   `json:"compiledRelease"`
		} `json:"records"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	var errs []error
	if p.URI == nil || p.Version == nil || p.PublishedDate == nil || p.Publisher == nil || p.Publisher.Name == nil {
		errs = append(errs, errors.New("record package: uri, version, publishedDate and publisher.name are required"))
	}
	if len(p.Records) == 0 {
		errs = append(errs, errors.New("record package: at least one record is required"))
	}
	for i, r := range p.Records {
		if r.OCID == nil || len(r.Releases) == 0 {
			errs = append(errs, fmt.Errorf("records[%d]: ocid and releases are required", i))
		}
		for j, rel := range r.Releases {
			if err := v.Release(rel); err != nil {
				errs = append(errs, fmt.Errorf("records[%d].releases[%d]: %w", i, j, err))
			}
		}
		if len(r.CompiledRelease) > 0 {
			if err := v.Release(r.CompiledRelease); err != nil {
				errs = append(errs, fmt.Errorf("records[%d].compiledRelease: %w", i, err))
			}
		}
	}
	return errors.Join(errs...)
}

func validate(s *jsonschema.Schema, raw []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}
