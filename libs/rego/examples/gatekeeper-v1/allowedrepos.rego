# Allowed repositories for every container of any workload kind (pods, deployments, cron jobs).
# parameters: {"repos": [string]}
package k8sallowedrepos

import rego.v1

import data.lib.k8s

violation contains {"msg": msg} if {
	some entry in k8s.containers
	image := entry.container.image
	not strings.any_prefix_match(image, input.parameters.repos)
	msg := sprintf("%s <%s> has an invalid image repo <%s>, allowed repos are %v", [trim_suffix(entry.kind, "s"), entry.container.name, image, input.parameters.repos])
}

# Summary for audit output: image → allowed? for every image of the object.
image_report[image] := allowed if {
	some entry in k8s.containers
	image := entry.container.image
	allowed := strings.any_prefix_match(image, input.parameters.repos)
}
