import { IsString, MaxLength, MinLength } from 'class-validator';

/** The body of `/notes/add`. */
export class NoteDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  text!: string;
}
