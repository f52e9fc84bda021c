# entrypoints: test/p, test/q, test/r
package test

p := [a, b] if {
	[a, b] = input.pair
}

q := v if {
	{"k": v, "n": 1} = input.obj
}

r if {
	[1, x] = [1, 2]
	x == 2
}
