package funcs

double(x) := y if {
	y := x * 2
}

is_even(x) if x % 2 == 0

first([a, _]) := a

lookup(1, [a, _]) = b if b := a

pkg.nested.f(x) := x + 1

plural(1) := "one"

plural(2) := "two"

plural(n) := "many" if n > 2

use if {
	double(2) == 4
	lookup(1, [3, 4], out)
	data.funcs.pkg.nested.f(1) == 2
	count(input.xs, n)
	n > 0
}
