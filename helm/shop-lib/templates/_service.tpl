{{- define "shop-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "shop-lib.fullname" . }}
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  selector:
    {{- include "shop-lib.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
    - name: metrics
      port: {{ .Values.metrics.port }}
      targetPort: metrics
      protocol: TCP
{{- end }}
