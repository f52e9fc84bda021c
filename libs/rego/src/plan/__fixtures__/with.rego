# entrypoints: test/p, test/q
package test

r := input.x

s := data.cfg.limit

# input and data replacement: rules reading the replaced data are planned again.
p := [a, b] if {
	a := r with input.x as 7
	b := s with data.cfg.limit as 9
}

# Iterating under with: solutions are carried out of the With block.
q contains v if {
	v := input.xs[_] with input.xs as [1, 2]
}
