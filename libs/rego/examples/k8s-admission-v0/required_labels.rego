# A Gatekeeper-style constraint template body: `violation[{"msg": msg}]` over
# `input.review.object`, parameterised by `input.parameters`.
package k8srequiredlabels

violation[{"msg": msg, "details": {"missing_labels": missing}}] {
	provided := {label | input.review.object.metadata.labels[label]}
	required := {label | label := input.parameters.labels[_]}
	missing := required - provided
	count(missing) > 0
	msg := sprintf("you must provide labels: %v", [missing])
}
