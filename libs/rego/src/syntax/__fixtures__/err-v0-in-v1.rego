package errors.v0inv1

allow {
	input.ok
}

deny[msg] {
	msg := "no"
}

f(x) {
	x
}

a.b.c
