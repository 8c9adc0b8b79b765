package notify_test

import (
	"errors"
	"testing"
	"time"

	"newsdesk/notify"
)

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url          string
		allowPrivate bool
		want         error // nil, ErrBadURL or ErrPrivateAddress
	}{
		{"https://93.184.216.34/hook", false, nil},
		{"http://[2a00:1450:4001:80b::200e]:8080/x", false, nil},
		{"http://127.0.0.1:8080/hook", false, notify.ErrPrivateAddress},
		{"http://127.0.0.1:8080/hook", true, nil},
		{"http://localhost/hook", false, notify.ErrPrivateAddress},
		{"http://[::1]/", false, notify.ErrPrivateAddress},
		{"http://10.1.2.3/", false, notify.ErrPrivateAddress},
		{"http://192.168.0.1/", false, notify.ErrPrivateAddress},
		{"http://169.254.169.254/latest/meta-data", false, notify.ErrPrivateAddress},
		{"http://[::ffff:127.0.0.1]/", false, notify.ErrPrivateAddress},
		{"ftp://93.184.216.34/x", false, notify.ErrBadURL},
		{"javascript:alert(1)", true, notify.ErrBadURL},
		{"/relative", true, notify.ErrBadURL},
		{"http:///nohost", true, notify.ErrBadURL},
		{"http://:80/", true, notify.ErrBadURL},
		{"", true, notify.ErrBadURL},
	}
	for _, tt := range tests {
		err := notify.CheckURL(tt.url, tt.allowPrivate)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("CheckURL(%q, %v) = %v, want %v", tt.url, tt.allowPrivate, err, tt.want)
		}
	}
}

func TestRetryWait(t *testing.T) {
	r := notify.Retry{}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, 30 * time.Second}
	for i, w := range want {
		if got := r.Wait(i + 1); got != w {
			t.Errorf("Wait(%d) = %v, want %v", i+1, got, w)
		}
	}
	capped := notify.Retry{Attempts: 20, Base: time.Minute, Max: 10 * time.Minute}
	if got := capped.Wait(15); got != 10*time.Minute {
		t.Errorf("capped Wait(15) = %v", got)
	}
}
