package refs

a := input.x.y[0]["z"]

b := data.refs.a

c := [1, 2, 3][1]

d := {"k": "v"}.k

e := f(1).y

f(x) := {"y": x}

g := count(input.xs)

h := object.get(input, ["a", "b"], null)

i := input

j := data.x[input.key].y

k := [x | x := input.xs[_]][0]
