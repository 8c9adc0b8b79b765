package extract_test

import (
	"fmt"

	"newsdesk/extract"
)

func Example() {
	page := []byte(`<html lang="en"><head><title>Sea wall to be rebuilt | The Coastal Courier</title>
<meta property="og:site_name" content="The Coastal Courier"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Sea wall to be rebuilt</h1>
<p>The council voted on Wednesday to rebuild the sea wall that has protected the old town since 1872.</p>
<p>Storm surges flooded more than 300 homes in the last two winters, and residents asked for a timetable.</p>
</article><footer>All rights reserved.</footer></body></html>`)
	a, err := extract.Extract(page, extract.Options{URL: "https://courier.example/sea-wall"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.SiteName, a.Language)
	fmt.Println(a.Text())
	// Output:
	// Sea wall to be rebuilt
	// The Coastal Courier en
	// The council voted on Wednesday to rebuild the sea wall that has protected the old town since 1872.
	// Storm surges flooded more than 300 homes in the last two winters, and residents asked for a timetable.
}
