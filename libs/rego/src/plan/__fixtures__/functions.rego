# entrypoints: test/out, test/truth
package test

# Two definitions with patterns; one with an else.
f(1, x) := x
f([a, b], _) := a + b
f("s", y) := "big" if {
	y > 100
} else := "small"

default g(_) := "none"

g(x) := "one" if x == 1

out := [f(1, 2), f([1, 2], 0), g(5)]

# Called with arity arguments: a truth test.
is_pos(x) if x > 0

truth if is_pos(input.n)
