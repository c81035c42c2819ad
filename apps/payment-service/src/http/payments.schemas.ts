// The request and response shapes are the platform's contract (libs/contracts/src/http/payments.ts).
export { ErrorEnvelope, PaymentListQuery, PaymentListResponse, PaymentParams, PaymentResponse } from '@shop/contracts';
