// Package testcert makes throwaway TLS certificates for 127.0.0.1, for
// tests only: one in memory with a pool that trusts it, or a pair of
// PEM files written the way ACME clients renew them.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// create makes a self-signed certificate for 127.0.0.1 valid for an
// hour either side of now, signed by a fresh key.
func create(t testing.TB, serial int64) ([]byte, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: "baton test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der, key
}

// Server returns a server config with a new certificate and a pool that
// trusts it.
func Server(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	der, key := create(t, 1)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, roots
}

// Renew writes a new certificate with serial and a key into dir as
// cert.pem and key.pem, each renamed over the old file as certbot and
// acme.sh do. The key is the certificate's own unless key is given (a
// mismatched pair); it returns the certificate's key.
func Renew(t testing.TB, dir string, serial int64, key *ecdsa.PrivateKey) *ecdsa.PrivateKey {
	t.Helper()
	der, fresh := create(t, serial)
	if key == nil {
		key = fresh
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	for name, block := range map[string]*pem.Block{
		"cert.pem": {Type: "CERTIFICATE", Bytes: der},
		"key.pem":  {Type: "EC PRIVATE KEY", Bytes: keyDER},
	} {
		tmp := filepath.Join(dir, name+".new")
		if err := os.WriteFile(tmp, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return fresh
}

// Files writes a new certificate and its key into a temporary directory
// as cert.pem and key.pem, and returns their paths and a pool that
// trusts the certificate.
func Files(t testing.TB) (cert, key string, roots *x509.CertPool) {
	t.Helper()
	dir := t.TempDir()
	Renew(t, dir, 1, nil)
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	b, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AppendCertsFromPEM(b)
	return cert, key, roots
}
