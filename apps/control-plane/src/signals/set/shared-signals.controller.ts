import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentPrincipal, Permission, Public } from '../../auth/permission.decorator';
import type { Principal } from '../../auth/principal';
import { UuidParam } from '../../common/id-param';
import { PageQuery } from '../../common/pagination';
import { SetDeliveryErrorFilter } from './set-delivery.error';
import { SetReceiverService } from './set-receiver.service';
import { CreateTransmitterDto } from './transmitter.dto';
import { TransmittersService } from './transmitters.service';

/** Filters of GET /v1/shared-signals/receipts. */
export class ReceiptsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only this transmitter\'s tokens' })
  @IsOptional()
  @IsUUID()
  transmitter_id?: string;
}

/**
 * OpenID Shared Signals receiver. `POST /v1/shared-signals/events` is the push endpoint
 * (RFC 8935): public, because the token's signature by a configured transmitter is the
 * authentication; 202 when accepted (also for a duplicate jti), 400 `{err, description}` otherwise.
 */
@ApiTags('signals')
@Controller('v1/shared-signals')
export class SharedSignalsController {
  constructor(
    private readonly receiver: SetReceiverService,
    private readonly transmitters: TransmittersService,
  ) {}

  @Post('events')
  @Public()
  @HttpCode(202)
  @UseFilters(SetDeliveryErrorFilter)
  @ApiConsumes('application/secevent+jwt')
  @ApiOperation({ summary: 'Push delivery of a security event token (CAEP / RISC) from a configured transmitter' })
  receive(@Body() body: unknown) {
    return this.receiver.receive(body);
  }

  @Get('receipts')
  @ApiBearerAuth()
  @Permission('signals.read')
  @ApiOperation({ summary: 'What each received security event token became (revocation, lift, signal, ignored and why), newest first' })
  receipts(@Query() q: ReceiptsQuery) {
    return this.receiver.receipts(q.limit, q.offset, q.transmitter_id);
  }

  @Get('transmitters')
  @ApiBearerAuth()
  @Permission('signals.read')
  list() {
    return this.transmitters.list();
  }

  @Post('transmitters')
  @ApiBearerAuth()
  @Permission('signals.admin')
  @ApiOperation({ summary: 'Accept security event tokens from a transmitter (static JWKS or jwks_uri)' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateTransmitterDto) {
    return this.transmitters.create(p.actor, body);
  }

  @Delete('transmitters/:id')
  @ApiBearerAuth()
  @Permission('signals.admin')
  remove(@CurrentPrincipal() p: Principal, @Param() params: UuidParam) {
    return this.transmitters.remove(p.actor, params.id);
  }
}
