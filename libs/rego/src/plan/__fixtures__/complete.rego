# entrypoints: test/p, test/q, test/r
package test

# Two definitions: both assign into one result (conflict if they differ).
p := 1 if input.a
p := 2 if input.b

q := x if {
	x := input.n + 1
}

# A constant rule.
r := {"a": [1, 2], "b": null}
