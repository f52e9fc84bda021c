package unary

a := -1

b := - 2.5

c := -x if x := 3

d := 5 - -3

e := 5 -3

f := -(1 + 2)

g := [-1, -input.n, - 1e3]

h := -.5
