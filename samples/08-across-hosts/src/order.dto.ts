import { IsInt, IsPositive, IsString } from 'class-validator';

/** The payload of `order.created`, validated before the handler runs. */
export class OrderDto {
  @IsInt()
  id!: number;

  @IsString()
  item!: string;

  @IsPositive()
  quantity!: number;
}
