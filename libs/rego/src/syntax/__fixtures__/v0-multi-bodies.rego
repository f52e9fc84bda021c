# rego: v0
package multibody

allow {
	input.a
} {
	input.b
}

f(_) = 1 {
	input.x
} {
	input.y
}
