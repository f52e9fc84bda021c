# A validating admission webhook's decision document: every constraint configured in
# data.constraints (template package → parameters) runs against the AdmissionReview's request,
# and the response allows the request only when no template reports a violation.
package system

import rego.v1

main := {
	"apiVersion": "admission.k8s.io/v1",
	"kind": "AdmissionReview",
	"response": response,
}

default uid := ""

uid := input.request.uid

response := {"uid": uid, "allowed": false, "status": {"code": 403, "message": concat("; ", sort(deny))}} if {
	count(deny) > 0
} else := {"uid": uid, "allowed": true, "warnings": sort(warnings)} if {
	count(warnings) > 0
} else := {"uid": uid, "allowed": true}

review := {"kind": input.request.kind, "object": input.request.object, "operation": input.request.operation}

# Deleting objects is never blocked.
deny contains sprintf("[%s] %s", [name, v.msg]) if {
	input.request.operation != "DELETE"
	some name, params in data.constraints
	not name in dry_run
	some v in data[name].violation with input as {"review": review, "parameters": params}
}

# Constraints in dry run report as warnings instead of denying. (Reading `object.get(data, ...)`
# here would make every rule depend on this one: a recursion error.)
default dry_run := set()

dry_run := {name | some name in data.enforcement.dryrun}

warnings contains sprintf("[%s] %s (dry run)", [name, v.msg]) if {
	some name in dry_run
	params := data.constraints[name]
	some v in data[name].violation with input as {"review": review, "parameters": params}
}
