# rego: v0
package legacyelse

size = "small" {
	input.n < 10
} else = "medium" {
	input.n < 100
} else = "large"

flag {
	input.a
} else {
	input.b
}

f(x) := 1 {
	x
} else := 2
