package semis

p if { a := 1; b := 2; a < b }

q if {
	a := 1; b := 2
	c := a + b
}
