{{/*
The whole of a service chart: `{{ include "shop-lib.all" . }}` in one template file.
*/}}
{{- define "shop-lib.all" -}}
{{- $values := mergeOverwrite (include "shop-lib.defaults" . | fromYaml) (deepCopy .Values) -}}
{{- $_ := required "service.port is required" $values.service.port -}}
{{- $_ := required "database.schema is required" $values.database.schema -}}
{{- $_ := required "image.repository is required" $values.image.repository -}}
{{- $ctx := dict "Values" $values "Chart" .Chart "Release" .Release "Capabilities" .Capabilities -}}
{{- $kinds := list "serviceaccount" "configmap" "service" "networkpolicy" "deployment" "hpa" "pdb" "topics-job" -}}
{{- range $kind := append $kinds "migration-job" }}
{{- $doc := include (printf "shop-lib.%s" $kind) $ctx | trim }}
{{- if $doc }}
---
{{ $doc }}
{{- end }}
{{- end }}
{{- end }}
