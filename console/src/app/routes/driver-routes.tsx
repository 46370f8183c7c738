/** Driver pages, phone first (owned by the manager & driver engineer). */
import { lazy } from 'react';
import type { AppRoute } from './app-route.ts';

const DRIVERS = ['driver'] as const;

const MyTripsPage = lazy(() => import('../driver/my-trips-page.tsx'));
const RegisterPage = lazy(() => import('../driver/register-page.tsx'));
const TripPage = lazy(() => import('../driver/trip-page.tsx'));
const CorrectPage = lazy(() => import('../driver/correct-page.tsx'));
const BookPage = lazy(() => import('../driver/book-page.tsx'));

export const driverRoutes: AppRoute[] = [
  { path: '/driver', access: DRIVERS, width: 'narrow', nav: { label: 'nav.driver.trips', order: 30 }, render: () => <MyTripsPage /> },
  { path: '/driver/register', access: DRIVERS, width: 'narrow', nav: { label: 'nav.driver.register', order: 31 }, render: () => <RegisterPage /> },
  { path: '/driver/book', access: DRIVERS, width: 'narrow', nav: { label: 'nav.driver.book', order: 32 }, render: () => <BookPage /> },
  { path: '/driver/trips/:tripId', access: DRIVERS, width: 'narrow', title: 'nav.driver.trips', render: (p) => <TripPage tripId={p.tripId!} /> },
  { path: '/driver/trips/:tripId/correct', access: DRIVERS, width: 'narrow', title: 'driver.correct.open', render: (p) => <CorrectPage tripId={p.tripId!} /> },
];
