# entrypoints: test/p, test/q
package test

f(x) := x + 1

mock_f(x) := x * 10

uses_f := f(1)

uses_count := count([1, 2, 3])

# A function mocked by another function, and a builtin mocked by a value computed at run time.
p := [a, b] if {
	a := uses_f with f as mock_f
	n := input.n
	b := uses_count with count as n
}

q := y if {
	y := f(2) with f as 100
}
