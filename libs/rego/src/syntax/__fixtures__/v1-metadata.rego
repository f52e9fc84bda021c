# METADATA
# title: Metadata example
# description: comments are kept verbatim
package metadata

# METADATA
# title: Allow rule
# entrypoint: true
allow if {
	# inside a body
	input.ok # trailing
}
