-- loadtest.lua: the wrk script of scripts/loadtest. Each request is a
-- search of the JSON API in German articles, /api/articles?lang=de&q=...,
-- rotating over the queries below (words, phrases, OR, NOT, fields). At the
-- end it prints the latency percentiles and one line for the script to check:
--   loadtest: requests=N rps=R status_errors=N socket_errors=N p50_ms=X p99_ms=X max_ms=X
local queries = {
	"Hamburg", "Klimaschutz", "Straßenbahn", "Wohnungen Familien",
	'"neue Straßenbahnlinie"', "Windkraft OR Solaranlagen", "Pflege -Berlin",
	"Brücken Sanierung", "author:müller", "title:München", "Grundsteuer Reform",
	"Deutsche Bahn", "Mietpreisbremse", "Kitaplätze", "Fernwärme", "Hafen",
}

local function escape(s)
	return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for i, q in ipairs(queries) do
	paths[i] = "/api/articles?lang=de&q=" .. escape(q)
end

local n = 0

function request()
	n = n + 1
	return wrk.format("GET", paths[(n % #paths) + 1])
end

function done(summary, latency, requests)
	local e = summary.errors
	for _, p in ipairs({ 50, 90, 99, 99.9 }) do
		io.write(string.format("latency p%-5g %8.2f ms\n", p, latency:percentile(p) / 1000))
	end
	io.write(string.format("latency max    %8.2f ms\n", latency.max / 1000))
	io.write(string.format("loadtest: requests=%d rps=%.0f status_errors=%d socket_errors=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
		summary.requests, summary.requests / (summary.duration / 1e6), e.status,
		e.connect + e.read + e.write + e.timeout,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
