package ops

arith := (1 + 2) * 3 - 4 / 5 % 6

precedence := 1 + 2 * 3

assoc := 10 - 4 - 3

sets := {1, 2} | {3} & {2, 3}

cmp if 1 + 1 == 2

chained if input.a < input.b == true

mixed if input.a | input.b == input.c

unify if [a, b] = [1, 2]

neq if 1 != 2

ge if {
	3 >= 2
	2 <= 3
	3 > 2
	2 < 3
}
