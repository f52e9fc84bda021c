import { Module } from '@nestjs/common';
import { RoleBindingsController } from './role-bindings.controller';
import { RoleBindingsService } from './role-bindings.service';

@Module({ controllers: [RoleBindingsController], providers: [RoleBindingsService], exports: [RoleBindingsService] })
export class RoleBindingsModule {}
