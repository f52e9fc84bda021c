package member

p if 1 in [1, 2]

q if "k", "v" in {"k": "v"}

r if not 3 in {1, 2}

s := x in input.xs if x := 1

t if f(x in input.xs)

f(b) := b

u if {
	y := [k, v in input.obj]
	y[1]
}
