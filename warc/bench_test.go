package warc

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkReader reads a WARC of 500 response records with 20 KB pages,
// bodies included; MB/s is of uncompressed WARC data.
func BenchmarkReader(b *testing.B) {
	plain := buildWARC(b, false, 500, 20<<10)
	for _, bc := range []struct {
		name     string
		data     []byte
		response bool
	}{
		{"plain", plain, false},
		{"gzip", buildWARC(b, true, 500, 20<<10), false},
		{"gzip+ReadResponse", buildWARC(b, true, 500, 20<<10), true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			for b.Loop() {
				r, err := NewReader(bytes.NewReader(bc.data))
				if err != nil {
					b.Fatal(err)
				}
				for {
					rec, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if bc.response && rec.Type == TypeResponse {
						if _, err := ReadResponse(rec); err != nil {
							b.Fatal(err)
						}
						continue
					}
					if _, err := io.Copy(io.Discard, rec.Body); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
