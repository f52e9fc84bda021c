# entrypoints: test/p, test/q, test/r
package test

p contains x if {
	some x in input.xs
}

q contains [k, v] if {
	some k, v in input.m
}

r if {
	3 in input.xs
	"a", 1 in input.m
}
