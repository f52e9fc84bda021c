package elses

size := "small" if {
	input.n < 10
} else := "medium" if {
	input.n < 100
} else := "large"

flag if {
	input.a
} else if {
	input.b
}

f(x) := 1 if {
	x == "one"
} else := 2 if x == "two"
	else := 0

g(x) := "yes" if x else := "no"

h := 1 if { input.x } else { input.y }
