package sqlite

import (
	"encoding/base64"
	"encoding/json"

	"newsdesk"
)

// encodeCursor writes the position after the last row of a page (a
// struct of the sort keys) as an opaque cursor.
func encodeCursor(pos any) string {
	b, _ := json.Marshal(pos)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor encodeCursor wrote into pos; one it did
// not write is newsdesk.ErrBadCursor.
func decodeCursor(c string, pos any) error {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		err = json.Unmarshal(b, pos)
	}
	if err != nil {
		return newsdesk.ErrBadCursor
	}
	return nil
}
