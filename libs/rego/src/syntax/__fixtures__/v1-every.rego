package everything

all_positive if {
	every x in input.numbers {
		x > 0
	}
}

all_keys_short if {
	every k, v in input.obj {
		count(k) < 10
		v != null
	}
}

nested if every x in [[1], [2]] { every y in x { y > 0 } }

with_mod if {
	every x in input.xs { x } with input.xs as [true]
}
