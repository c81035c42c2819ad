import { UserHttp } from '@shop/contracts';

export const jwksSchema = {
  tags: ['auth'],
  summary: 'Public keys that verify access tokens',
  response: { 200: UserHttp.JsonWebKeySet },
};
