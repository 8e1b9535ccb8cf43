import { IsIn, IsInt, Max, Min } from 'class-validator';

/** A request for a price quote. */
export class QuoteDto {
  @IsIn(['apple', 'pear', 'plum'])
  item!: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}
