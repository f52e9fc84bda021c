package comps

arr := [x | some x in input.xs; x > 1]

st := {x | some x in input.xs}

obj := {k: v | some k, v in input.obj; v != null}

nested := [[y | some y in x] | some x in input.matrix]

expr_key := {k + "_x": 1 | some k in ["a", "b"]}

multi := [x |
	some x in input.xs
	x > 0
]

ors := {a | b}
