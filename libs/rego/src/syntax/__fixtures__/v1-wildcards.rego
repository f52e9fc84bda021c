package wild

p if input.xs[_] == 1

q if {
	[_, x, _] := input.triple
	x > 0
}

f(_, _) := 1

r := [y | _ = input.ys[y]]
