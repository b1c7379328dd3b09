package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
)

func TestTemporalClientOptions(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	env := func(m map[string]string) config { return loadConfig(func(k string) string { return m[k] }) }

	plain, err := temporalClientOptions(env(nil), quiet)
	if err != nil || plain.ConnectionOptions.TLS != nil || plain.Credentials != nil || plain.HostPort != "127.0.0.1:7233" {
		t.Fatalf("local default: %+v %v", plain, err)
	}
	if _, none := plain.ConnectionOptions.GrpcCompression.(*client.GrpcCompressionNone); !none {
		t.Errorf("default compression: %T, want none", plain.ConnectionOptions.GrpcCompression)
	}
	gz, err := temporalClientOptions(env(map[string]string{"TEMPORAL_GRPC_COMPRESSION": "gzip"}), quiet)
	if _, ok := gz.ConnectionOptions.GrpcCompression.(*client.GrpcCompressionGzip); err != nil || !ok {
		t.Errorf("gzip asked for: %T %v", gz.ConnectionOptions.GrpcCompression, err)
	}

	cloud, err := temporalClientOptions(env(map[string]string{
		"TEMPORAL_ADDRESS": "dsmarket.a1b2c.tmprl.cloud:7233", "TEMPORAL_NAMESPACE": "dsmarket.a1b2c", "TEMPORAL_API_KEY": "key"}), quiet)
	if err != nil || cloud.ConnectionOptions.TLS == nil || cloud.Credentials == nil || cloud.Namespace != "dsmarket.a1b2c" {
		t.Fatalf("API key implies TLS: %+v %v", cloud, err)
	}

	dir := t.TempDir()
	certFile, keyFile := writeSelfSigned(t, dir)
	mtls, err := temporalClientOptions(env(map[string]string{
		"TEMPORAL_TLS_CERT": certFile, "TEMPORAL_TLS_KEY": keyFile, "TEMPORAL_TLS_CA": certFile}), quiet)
	if err != nil || mtls.ConnectionOptions.TLS == nil || len(mtls.ConnectionOptions.TLS.Certificates) != 1 ||
		mtls.ConnectionOptions.TLS.RootCAs == nil {
		t.Fatalf("mutual TLS: %v", err)
	}

	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]map[string]string{
		"ErrMissingKey":  {"TEMPORAL_TLS_CERT": certFile},
		"ErrCANotPEM":    {"TEMPORAL_TLS_CA": notPEM},
		"ErrCAMissing":   {"TEMPORAL_TLS_CA": filepath.Join(dir, "nope.pem")},
		"ErrCompression": {"TEMPORAL_GRPC_COMPRESSION": "zstd"},
	} {
		if _, err := temporalClientOptions(env(m), quiet); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func writeSelfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dsmarket-worker"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// TestMetricsAddr: production serves /metrics away from the API's port unless told where;
// development keeps it beside the API.
func TestMetricsAddr(t *testing.T) {
	for env, want := range map[[2]string]string{
		{"", ""}:                        ":9090",
		{"production", ""}:              ":9090",
		{"", "10.0.0.5:9102"}:           "10.0.0.5:9102",
		{"development", ""}:             "",
		{"development", "127.0.0.1:91"}: "127.0.0.1:91",
	} {
		cfg := loadConfig(func(k string) string {
			return map[string]string{"DSMARKET_ENV": env[0], "METRICS_ADDR": env[1]}[k]
		})
		if got := cfg.metricsAddr(); got != want {
			t.Errorf("DSMARKET_ENV=%q METRICS_ADDR=%q: %q, want %q", env[0], env[1], got, want)
		}
	}
}
