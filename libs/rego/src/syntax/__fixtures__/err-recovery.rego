package errors.recovery

good1 := 1

bad1 if {
	x :=
}

good2 := 2

bad2 := [1, 2

good3 := 3

bad3 if { f(1 }

good4 := 4
