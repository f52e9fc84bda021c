package errors.unclosed

p if {
	input.x
