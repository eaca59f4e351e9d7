import { registerEnumType } from 'type-graphql';

export enum DeclarationPurpose { LANDING_PROCESSING = 'LANDING_PROCESSING', MARKET_SALE = 'MARKET_SALE' }
registerEnumType(DeclarationPurpose, { name: 'DeclarationPurpose', description: '申报用途 / purpose: landing processing (落地加工) or market sale' });
