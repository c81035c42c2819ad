{{/* Non-secret environment; per-service keys first so `config:` in values cannot drift from them. */}}
{{- define "shop-lib.configEnv" -}}
{{- $env := dict "PORT" (toString .Values.service.port) "DATABASE_SCHEMA" .Values.database.schema "OTEL_SERVICE_NAME" (include "shop-lib.name" .) -}}
{{- range $k, $v := .Values.config }}
{{- if not (hasKey $env $k) }}{{ $_ := set $env $k (toString $v) }}{{ end }}
{{- end }}
{{- toYaml $env -}}
{{- end }}

{{- define "shop-lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "shop-lib.fullname" . }}
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
data:
  {{- include "shop-lib.configEnv" . | nindent 2 }}
{{- end }}
