{{/* CPU 70 %, memory 80 %; scale up on 2 min of load, down after 5 quiet minutes. */}}
{{- define "shop-lib.hpa" -}}
{{- if .Values.autoscaling.enabled -}}
{{- $as := .Values.autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "shop-lib.fullname" . }}
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "shop-lib.fullname" . }}
  minReplicas: {{ required "autoscaling.minReplicas is required" $as.minReplicas }}
  maxReplicas: {{ required "autoscaling.maxReplicas is required" $as.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $as.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $as.targetMemoryUtilizationPercentage }}
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 120
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}
{{- end }}
