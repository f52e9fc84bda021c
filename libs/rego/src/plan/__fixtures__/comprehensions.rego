# entrypoints: test/arr, test/st, test/obj
package test

arr := [y | x := input.xs[_]; y := x * 2]

st := {x | x := input.xs[_]; x > 1}

obj := {k: v | v := input.m[k]}
