# Required labels, optionally with a regular expression their value must match.
# parameters: {"labels": [{"key": string, "allowedRegex": string}], "message": string}
package k8srequiredlabels

import rego.v1

import data.lib.k8s

message(default_message) := input.parameters.message if input.parameters.message != ""
else := default_message

violation contains {"msg": message(default_msg), "details": {"missing_labels": missing}} if {
	not k8s.exempt_namespace("requiredlabels")
	provided := {key | some key, _ in object.get(input.review.object.metadata, "labels", {})}
	required := {label.key | some label in input.parameters.labels}
	missing := required - provided
	count(missing) > 0
	default_msg := sprintf("you must provide labels: %v", [sort(missing)])
}

violation contains {"msg": message(default_msg)} if {
	not k8s.exempt_namespace("requiredlabels")
	some key, value in input.review.object.metadata.labels
	some expected in input.parameters.labels
	expected.key == key
	object.get(expected, "allowedRegex", "") != ""
	not regex.match(expected.allowedRegex, value)
	default_msg := sprintf("Label <%v: %v> does not satisfy allowed regex: %v", [key, value, expected.allowedRegex])
}
