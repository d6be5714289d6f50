import { Component, NgZone } from '@angular/core';
import { Router } from '@angular/router';
import { UserService } from '../services/user.service';

@Component({ selector: 'app-login', templateUrl: './login.component.html' })
export class LoginComponent {
  public user: any = {};

  constructor(private readonly userService: UserService, private readonly router: Router, private readonly ngZone: NgZone) {}

  login() {
    this.userService.login(this.user).subscribe((authentication: any) => {
      localStorage.setItem('token', authentication.token)
      sessionStorage.setItem('bid', authentication.bid)
      this.userService.isLoggedIn.next(true)
      this.ngZone.run(async () => await this.router.navigate(['/search']))
    })
  }
}
