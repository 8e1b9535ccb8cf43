import { IsInt, IsString, Length, Max, Min } from 'class-validator';

/** Two integers to add. */
export class AddDto {
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  a!: number;

  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  b!: number;
}

/** Who to greet, and in which language. */
export class GreetDto {
  @IsString()
  @Length(1, 40)
  name!: string;

  @IsString()
  @Length(2, 2)
  language!: string;
}

/** The sum, and who computed it. */
export class SumDto {
  total!: number;
  by!: string;
}
