package somein

p if {
	some x in input.list
	some k, v in input.obj
	some i, _ in ["a", "b"]
	x == v
}

q if {
	some a, b
	a := 1
	b := [a][_]
}

r if some x in {1, 2, 3}

s if {
	some x
	input.xs[x]
}
