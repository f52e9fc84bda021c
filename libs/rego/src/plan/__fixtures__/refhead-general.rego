# entrypoints: test/p, test/q
package test

# Variables in the middle of the head ref build nested objects.
p[x].q[y] := v if {
	some x, inner in input.rows
	some y, v in inner
}

q.r[k] contains v if {
	some k, vs in input.groups
	some v in vs
}
