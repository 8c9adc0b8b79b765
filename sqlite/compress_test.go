package sqlite

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

func TestCompressRoundTrip(t *testing.T) {
	page := []byte("<html><body>" + strings.Repeat("<p>Die Bürger äußern sich über die Straße.</p>\n", 200) + "</body></html>")
	for _, body := range [][]byte{page, []byte("<p>short</p>"), nil} {
		data, enc, err := compress(body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decompress(data, enc, int64(len(body)))
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("%d bytes as %s: round trip gives %d bytes, %v", len(body), enc, len(got), err)
		}
	}
	if _, enc, _ := compress(page); enc != encS2 {
		t.Errorf("a large page is stored as %s", enc)
	}
}

// TestDecompressGzip reads bodies stored by earlier versions.
func TestDecompressGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("<p>ältere Seite</p>"))
	zw.Close()
	got, err := decompress(buf.Bytes(), encGzip, 0)
	if err != nil || string(got) != "<p>ältere Seite</p>" {
		t.Errorf("gzip body: %q, %v", got, err)
	}
}

// TestDecompressZstd reads bodies stored with zstd.
func TestDecompressZstd(t *testing.T) {
	enc, _ := zstd.NewWriter(nil)
	data := enc.EncodeAll([]byte("<p>Seite in zstd</p>"), nil)
	got, err := decompress(data, encZstd, 0)
	if err != nil || string(got) != "<p>Seite in zstd</p>" {
		t.Errorf("zstd body: %q, %v", got, err)
	}
}
