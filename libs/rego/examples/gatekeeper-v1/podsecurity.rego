# A "restricted"-style pod security profile. Problems are collected per container (a multi-value
# ref head keyed by container name), then turned into violations, so audit tooling can also read
# `problems` directly.
package k8spodsecurity

import rego.v1

import data.lib.k8s

default allowed_volume_types := {"configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim", "ephemeral"}

allowed_volume_types := {t | some t in input.parameters.allowedVolumeTypes} if input.parameters.allowedVolumeTypes

spec := k8s.pod_spec(input.review.object)

pod_run_as_non_root if spec.securityContext.runAsNonRoot == true

problems[name] contains "must set runAsNonRoot" if {
	some entry in k8s.containers
	name := entry.container.name
	not pod_run_as_non_root
	not entry.container.securityContext.runAsNonRoot == true
}

problems[name] contains "must not run as UID 0" if {
	some entry in k8s.containers
	name := entry.container.name
	entry.container.securityContext.runAsUser == 0
}

problems[name] contains "must drop ALL capabilities" if {
	some entry in k8s.containers
	name := entry.container.name
	not "ALL" in object.get(entry.container, ["securityContext", "capabilities", "drop"], [])
}

problems[name] contains sprintf("may only add NET_BIND_SERVICE, not %s", [cap]) if {
	some entry in k8s.containers
	name := entry.container.name
	some cap in object.get(entry.container, ["securityContext", "capabilities", "add"], [])
	cap != "NET_BIND_SERVICE"
}

problems[name] contains "must use a RuntimeDefault or Localhost seccomp profile" if {
	some entry in k8s.containers
	name := entry.container.name
	not seccomp_ok(entry.container)
}

seccomp_ok(c) if c.securityContext.seccompProfile.type in {"RuntimeDefault", "Localhost"}

seccomp_ok(c) if {
	not c.securityContext.seccompProfile
	spec.securityContext.seccompProfile.type in {"RuntimeDefault", "Localhost"}
}

volume_problems contains sprintf("volume %s uses a disallowed type %s", [v.name, t]) if {
	some v in spec.volumes
	some t, _ in object.remove(v, ["name"])
	not t in allowed_volume_types
}

violation contains {"msg": sprintf("container %s %s", [name, p])} if {
	some name, ps in problems
	some p in ps
}

violation contains {"msg": msg} if some msg in volume_problems

compliant if {
	count(problems) == 0
	count(volume_problems) == 0
}
